CREATE TABLE "shop_changes" (
	"shop_id" uuid NOT NULL,
	"slot" smallint NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "shop_changes_pkey" PRIMARY KEY("shop_id","slot")
);
--> statement-breakpoint
ALTER TABLE "shop_changes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "deposit_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "paid_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "refunded_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "photo_id" uuid;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "customer_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "shop_changes" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- hand-written below
-- The money sums of the jobs already there: what the ledger says, voided payments left out.
UPDATE jobs j SET deposit_cents = t.deposit_cents, paid_cents = t.paid_cents, refunded_cents = t.refunded_cents
FROM (
  SELECT job_id,
    coalesce(sum(amount_cents) FILTER (WHERE kind = 'deposit'), 0) AS deposit_cents,
    coalesce(sum(CASE WHEN kind = 'refund' THEN -amount_cents ELSE amount_cents END), 0) AS paid_cents,
    coalesce(sum(amount_cents) FILTER (WHERE kind = 'refund'), 0) AS refunded_cents
  FROM payments WHERE job_id IS NOT NULL AND voided_at IS NULL GROUP BY job_id
) t
WHERE j.id = t.job_id;--> statement-breakpoint
-- Their latest photo.
UPDATE jobs j SET photo_id = a.id
FROM (SELECT DISTINCT ON (job_id) job_id, id FROM attachments WHERE content_type <> 'application/pdf' ORDER BY job_id, seq DESC) a
WHERE j.id = a.job_id;--> statement-breakpoint
-- Their customers' names.
UPDATE jobs j SET customer_name = c.name FROM customers c WHERE c.shop_id = j.shop_id AND c.id = j.customer_id;--> statement-breakpoint
-- A job carries its customer's name: set when the job is made or given to another customer, and
-- rewritten on every job of a customer who is renamed.
CREATE OR REPLACE FUNCTION job_customer_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.name INTO NEW.customer_name FROM customers c WHERE c.shop_id = NEW.shop_id AND c.id = NEW.customer_id;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER jobs_customer_name BEFORE INSERT OR UPDATE OF customer_id ON jobs
  FOR EACH ROW EXECUTE FUNCTION job_customer_name();--> statement-breakpoint
CREATE OR REPLACE FUNCTION jobs_on_customer_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE jobs SET customer_name = NEW.name WHERE shop_id = NEW.shop_id AND customer_id = NEW.id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER customers_name_to_jobs AFTER UPDATE OF name ON customers
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION jobs_on_customer_renamed();--> statement-breakpoint
-- A payment counts on its job's sums while it is not voided: added when taken, taken out when voided,
-- in the same transaction. Statement triggers, so a bulk insert is one UPDATE of its jobs; each job's
-- increment is one UPDATE of its row, so concurrent payments add up.
CREATE OR REPLACE FUNCTION job_sums_on_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE jobs j SET deposit_cents = j.deposit_cents + d.deposit, paid_cents = j.paid_cents + d.paid, refunded_cents = j.refunded_cents + d.refunded
    FROM (
      SELECT shop_id, job_id,
        sum(CASE WHEN kind = 'deposit' THEN amount_cents ELSE 0 END) AS deposit,
        sum(CASE WHEN kind = 'refund' THEN -amount_cents ELSE amount_cents END) AS paid,
        sum(CASE WHEN kind = 'refund' THEN amount_cents ELSE 0 END) AS refunded
      FROM added WHERE job_id IS NOT NULL AND voided_at IS NULL GROUP BY shop_id, job_id
    ) d
    WHERE j.shop_id = d.shop_id AND j.id = d.job_id;
  ELSE
    -- What counts now less what counted before: a void takes its payment out; other edits change nothing.
    UPDATE jobs j SET deposit_cents = j.deposit_cents + d.deposit, paid_cents = j.paid_cents + d.paid, refunded_cents = j.refunded_cents + d.refunded
    FROM (
      SELECT shop_id, job_id, sum(deposit) AS deposit, sum(paid) AS paid, sum(refunded) AS refunded
      FROM (
        SELECT shop_id, job_id, sign * CASE WHEN kind = 'deposit' THEN amount_cents ELSE 0 END AS deposit,
          sign * CASE WHEN kind = 'refund' THEN -amount_cents ELSE amount_cents END AS paid,
          sign * CASE WHEN kind = 'refund' THEN amount_cents ELSE 0 END AS refunded
        FROM (
          SELECT shop_id, job_id, kind, amount_cents, 1 AS sign FROM new_payments WHERE job_id IS NOT NULL AND voided_at IS NULL
          UNION ALL
          SELECT shop_id, job_id, kind, amount_cents, -1 FROM old_payments WHERE job_id IS NOT NULL AND voided_at IS NULL
        ) terms
      ) signed
      GROUP BY shop_id, job_id
      HAVING sum(deposit) <> 0 OR sum(paid) <> 0 OR sum(refunded) <> 0
    ) d
    WHERE j.shop_id = d.shop_id AND j.id = d.job_id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER payments_job_sums_added AFTER INSERT ON payments
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION job_sums_on_payments();--> statement-breakpoint
CREATE TRIGGER payments_job_sums_changed AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS old_payments NEW TABLE AS new_payments FOR EACH STATEMENT EXECUTE FUNCTION job_sums_on_payments();--> statement-breakpoint
-- The job's latest photo: a new one is it; when the one it was is removed, the one before.
CREATE OR REPLACE FUNCTION job_photo_on_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.content_type <> 'application/pdf' THEN
      UPDATE jobs SET photo_id = NEW.id WHERE shop_id = NEW.shop_id AND id = NEW.job_id;
    END IF;
  ELSE
    UPDATE jobs SET photo_id = (
      SELECT a.id FROM attachments a
      WHERE a.job_id = OLD.job_id AND a.shop_id = OLD.shop_id AND a.content_type <> 'application/pdf'
      ORDER BY a.seq DESC LIMIT 1
    )
    WHERE shop_id = OLD.shop_id AND id = OLD.job_id AND photo_id = OLD.id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER attachments_job_photo AFTER INSERT OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION job_photo_on_attachment();--> statement-breakpoint
-- Counts changes to what board cards show in the rows' shops (shop_changes explains the slots), once
-- per statement. Every change to a card is a change to its job row: a move or an edit directly, a
-- payment, a photo or the customer's new name through the triggers above.
CREATE OR REPLACE FUNCTION shop_changes_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO shop_changes (shop_id, slot, n)
  SELECT shop_id, pg_backend_pid() % 16, count(*) FROM changed GROUP BY shop_id
  ON CONFLICT (shop_id, slot) DO UPDATE SET n = shop_changes.n + excluded.n;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER jobs_shop_changes_added AFTER INSERT ON jobs
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shop_changes_count();--> statement-breakpoint
CREATE TRIGGER jobs_shop_changes AFTER UPDATE ON jobs
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shop_changes_count();--> statement-breakpoint
-- Each pipeline's active board, newest first, as an index holding everything its card shows: the
-- board reads it in order, index only (no sort, no visit to the table for a page vacuum has seen).
-- The predicate is the board query's own words (activeOfKind in schema/jobs.ts); Drizzle cannot
-- declare INCLUDE, so these live here, and board-plan.test.ts checks each pipeline's board uses its own.
CREATE INDEX jobs_board_bespoke_idx ON jobs (shop_id, created_at DESC, reference DESC)
  INCLUDE (id, title, stage, held_from_stage, customer_name, due_date, quoted_cents, final_cents, deposit_cents, paid_cents, photo_id)
  WHERE kind = 'bespoke' AND stage NOT IN ('collected', 'cancelled');--> statement-breakpoint
CREATE INDEX jobs_board_repair_idx ON jobs (shop_id, created_at DESC, reference DESC)
  INCLUDE (id, title, stage, held_from_stage, customer_name, due_date, quoted_cents, final_cents, deposit_cents, paid_cents, photo_id)
  WHERE kind = 'repair' AND stage NOT IN ('collected', 'cancelled');--> statement-breakpoint
CREATE INDEX jobs_board_appraisal_idx ON jobs (shop_id, created_at DESC, reference DESC)
  INCLUDE (id, title, stage, held_from_stage, customer_name, due_date, quoted_cents, final_cents, deposit_cents, paid_cents, photo_id)
  WHERE kind = 'appraisal' AND stage NOT IN ('collected', 'cancelled');
