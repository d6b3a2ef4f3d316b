import { Link } from '@tanstack/react-router';
import { pipelines } from '../pipelines';
import classes from './AppLayout.module.css';

const navLinks = { className: classes.navLink, activeProps: { 'aria-current': 'page', className: classes.active } } as const;

/** The main links, every pipeline's board among them: in the header on wide screens, in the menu on narrow ones. */
export function MainLinks({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <>
      <Link to="/workshop" activeOptions={{ exact: true }} onClick={onNavigate} {...navLinks}>
        Workshop
      </Link>
      <Link to="/workshop/calendar" onClick={onNavigate} {...navLinks}>
        Calendar
      </Link>
      {pipelines.map((p) => (
        <Link key={p.base} to="/$pipeline" params={{ pipeline: p.base }} onClick={onNavigate} {...navLinks}>
          {p.words.nav}
        </Link>
      ))}
      <Link to="/intake" onClick={onNavigate} {...navLinks}>
        Intake
      </Link>
      <Link to="/enquiries" onClick={onNavigate} {...navLinks}>
        Enquiries
      </Link>
      <Link to="/customers" onClick={onNavigate} {...navLinks}>
        Customers
      </Link>
      <Link to="/memos" onClick={onNavigate} {...navLinks}>
        Memo
      </Link>
      <Link to="/messages" onClick={onNavigate} {...navLinks}>
        Messages
      </Link>
      <Link to="/reports" onClick={onNavigate} {...navLinks}>
        Reports
      </Link>
    </>
  );
}
