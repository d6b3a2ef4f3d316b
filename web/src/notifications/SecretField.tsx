import { Badge, Button, Group, PasswordInput } from '@mantine/core';

interface Props {
  label: string;
  /** The server only says whether one is stored, never what it is. */
  isSet: boolean;
  /** undefined: keep what is stored; a string: replace; null: clear. */
  value: string | null | undefined;
  onChange: (v: string | null | undefined) => void;
  error?: string | undefined;
}

/** A write-only credential: "set" when stored, a field to replace it, and a way to remove it. */
export function SecretField({ label, isSet, value, onChange, error }: Props) {
  const cleared = value === null;
  return (
    <PasswordInput
      label={
        <Group gap={6} component="span">
          <span>{label}</span>
          {isSet && !cleared && (
            <Badge size="xs" color="teal" variant="light" tt="none">
              set
            </Badge>
          )}
          {cleared && (
            <Badge size="xs" color="red" variant="light" tt="none">
              will be removed
            </Badge>
          )}
        </Group>
      }
      description={isSet ? 'Stored encrypted and never shown. Type a new one to replace it.' : undefined}
      placeholder={isSet ? 'Leave blank to keep it' : ''}
      autoComplete="new-password"
      value={typeof value === 'string' ? value : ''}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
      rightSectionWidth={isSet ? 80 : undefined}
      inputWrapperOrder={['label', 'description', 'input', 'error']}
      {...(isSet
        ? {
            rightSection: (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => onChange(cleared ? undefined : null)}
                aria-label={`${cleared ? 'Keep' : 'Remove'} the ${label.toLowerCase()}`}
              >
                {cleared ? 'Keep' : 'Remove'}
              </Button>
            ),
          }
        : {})}
    />
  );
}
