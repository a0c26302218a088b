CREATE TABLE `log_rewrite` (
	`id` integer PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	CONSTRAINT "log_rewrite_single" CHECK("log_rewrite"."id" = 1),
	CONSTRAINT "log_rewrite_purpose_known" CHECK("log_rewrite"."purpose" IN ('erasure', 'retention'))
);
--> statement-breakpoint
-- The log triggers are replaced below; the old ones go first (one of them names help_request, which
-- is rebuilt in between).
DROP TRIGGER `care_access_log_no_update`;--> statement-breakpoint
DROP TRIGGER `care_access_log_no_delete`;--> statement-breakpoint
DROP TRIGGER `help_request_event_no_update`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_signup` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`shift_id` integer,
	`user_id` integer,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`promoted_at` integer,
	`cancelled_at` integer,
	`cancelled_by` text,
	`confirmed_at` integer,
	`attendance` text,
	`minutes` integer,
	FOREIGN KEY (`session_id`) REFERENCES `activity_session`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shift_id`) REFERENCES `shift`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "signup_status_known" CHECK("__new_signup"."status" IN ('confirmed', 'waitlisted', 'cancelled')),
	CONSTRAINT "signup_cancel_consistent" CHECK(("__new_signup"."status" = 'cancelled') = ("__new_signup"."cancelled_at" IS NOT NULL)),
	CONSTRAINT "signup_minutes_non_negative" CHECK("__new_signup"."minutes" IS NULL OR "__new_signup"."minutes" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_signup`("id", "session_id", "shift_id", "user_id", "status", "created_at", "promoted_at", "cancelled_at", "cancelled_by", "confirmed_at", "attendance", "minutes") SELECT "id", "session_id", "shift_id", "user_id", "status", "created_at", "promoted_at", "cancelled_at", "cancelled_by", "confirmed_at", "attendance", "minutes" FROM `signup`;--> statement-breakpoint
DROP TABLE `signup`;--> statement-breakpoint
ALTER TABLE `__new_signup` RENAME TO `signup`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `signup_one_active_participant` ON `signup` (`session_id`,`user_id`) WHERE "signup"."shift_id" IS NULL AND "signup"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX `signup_one_active_volunteer` ON `signup` (`shift_id`,`user_id`) WHERE "signup"."shift_id" IS NOT NULL AND "signup"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX `signup_slot_status_idx` ON `signup` (`session_id`,`shift_id`,`status`);--> statement-breakpoint
CREATE INDEX `signup_user_idx` ON `signup` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `__new_consent` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`subject_pseudonym` text,
	`purpose` text NOT NULL,
	`version` text NOT NULL,
	`given_at` integer NOT NULL,
	`recorded_by_id` integer,
	`withdrawn_at` integer,
	`withdrawn_by_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`withdrawn_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "consent_purpose_known" CHECK("__new_consent"."purpose" IN ('privacy-statement', 'care-details')),
	CONSTRAINT "consent_withdrawal_consistent" CHECK("__new_consent"."withdrawn_by_id" IS NULL OR "__new_consent"."withdrawn_at" IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_consent`("id", "user_id", "subject_pseudonym", "purpose", "version", "given_at", "recorded_by_id", "withdrawn_at", "withdrawn_by_id") SELECT "id", "user_id", NULL, "purpose", "version", "given_at", NULL, NULL, NULL FROM `consent`;--> statement-breakpoint
DROP TABLE `consent`;--> statement-breakpoint
ALTER TABLE `__new_consent` RENAME TO `consent`;--> statement-breakpoint
CREATE INDEX `consent_user_idx` ON `consent` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_security_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`subject_pseudonym` text,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`actor_pseudonym` text,
	`detail` text,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "security_event_kind_known" CHECK("__new_security_event"."kind" IN ('sign-in', 'second-factor-verified', 'second-factor-failed', 'locked-out', 'passkey-added', 'passkey-renamed', 'passkey-removed', 'totp-enabled', 'totp-disabled', 'recovery-codes-created', 'recovery-code-used', 'second-factor-reset', 'signed-out-everywhere', 'email-changed'))
);
--> statement-breakpoint
INSERT INTO `__new_security_event`("id", "user_id", "subject_pseudonym", "kind", "at", "actor_id", "actor_pseudonym", "detail") SELECT "id", "user_id", NULL, "kind", "at", "actor_id", NULL, "detail" FROM `security_event`;--> statement-breakpoint
DROP TABLE `security_event`;--> statement-breakpoint
ALTER TABLE `__new_security_event` RENAME TO `security_event`;--> statement-breakpoint
CREATE INDEX `security_event_user_idx` ON `security_event` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `__new_help_request` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requester_id` integer,
	`registered_by_id` integer,
	`contact_name` text,
	`contact_phone` text,
	`contact_email` text,
	`care_recipient_id` integer,
	`kind` text NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	`address` text NOT NULL,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`requires_vog` integer DEFAULT false NOT NULL,
	`language` text,
	`required_skill_id` integer,
	`public_text` text NOT NULL,
	`private_text` text DEFAULT '' NOT NULL,
	`care_consent_id` integer,
	`schedule_rule` text,
	`time_zone` text NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`flagged_at` integer,
	`flag_reason` text,
	`matched_volunteer_id` integer,
	`matched_at` integer,
	`ended_at` integer,
	`end_reason` text,
	`anonymised_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`requester_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`registered_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`care_recipient_id`) REFERENCES `care_recipient`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`required_skill_id`) REFERENCES `skill`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`care_consent_id`) REFERENCES `consent`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`matched_volunteer_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "help_request_kind_known" CHECK(kind IN ('respite', 'transport', 'shopping', 'household', 'paperwork', 'digital', 'walking', 'other')),
	CONSTRAINT "help_request_status_known" CHECK(status IN ('submitted', 'open', 'asked', 'matched', 'completed', 'withdrawn', 'expired', 'cancelled')),
	CONSTRAINT "help_request_urgency_known" CHECK(urgency IN ('low', 'normal', 'high')),
	CONSTRAINT "help_request_who" CHECK("__new_help_request"."requester_id" IS NOT NULL OR "__new_help_request"."registered_by_id" IS NOT NULL OR "__new_help_request"."contact_name" IS NOT NULL OR "__new_help_request"."anonymised_at" IS NOT NULL),
	CONSTRAINT "help_request_care_consent" CHECK("__new_help_request"."private_text" = '' OR "__new_help_request"."care_consent_id" IS NOT NULL),
	CONSTRAINT "help_request_matched_has_volunteer" CHECK("__new_help_request"."status" NOT IN ('matched', 'completed') OR "__new_help_request"."matched_volunteer_id" IS NOT NULL OR "__new_help_request"."matched_at" IS NOT NULL),
	CONSTRAINT "help_request_public_text" CHECK(length(trim("__new_help_request"."public_text")) BETWEEN 1 AND 2000 OR ("__new_help_request"."anonymised_at" IS NOT NULL AND "__new_help_request"."public_text" = ''))
);
--> statement-breakpoint
INSERT INTO `__new_help_request`("id", "requester_id", "registered_by_id", "contact_name", "contact_phone", "contact_email", "care_recipient_id", "kind", "neighbourhood_id", "address", "urgency", "requires_vog", "language", "required_skill_id", "public_text", "private_text", "care_consent_id", "schedule_rule", "time_zone", "status", "flagged_at", "flag_reason", "matched_volunteer_id", "matched_at", "ended_at", "end_reason", "anonymised_at", "created_at", "updated_at") SELECT "id", "requester_id", "registered_by_id", "contact_name", "contact_phone", "contact_email", "care_recipient_id", "kind", "neighbourhood_id", "address", "urgency", "requires_vog", "language", "required_skill_id", "public_text", "private_text", "care_consent_id", "schedule_rule", "time_zone", "status", "flagged_at", "flag_reason", "matched_volunteer_id", "matched_at", "ended_at", "end_reason", NULL, "created_at", "updated_at" FROM `help_request`;--> statement-breakpoint
DROP TABLE `help_request`;--> statement-breakpoint
ALTER TABLE `__new_help_request` RENAME TO `help_request`;--> statement-breakpoint
CREATE INDEX `help_request_queue_idx` ON `help_request` (`neighbourhood_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_request_requester_idx` ON `help_request` (`requester_id`);--> statement-breakpoint
CREATE INDEX `help_request_volunteer_idx` ON `help_request` (`matched_volunteer_id`);--> statement-breakpoint
ALTER TABLE `care_access_log` ADD `viewer_pseudonym` text;--> statement-breakpoint
ALTER TABLE `help_request_event` ADD `actor_pseudonym` text;--> statement-breakpoint
ALTER TABLE `organisation` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `user` ADD `last_active_at` integer;--> statement-breakpoint
ALTER TABLE `user` ADD `inactivity_warned_at` integer;--> statement-breakpoint
-- Intake: the consent was stored under the coordinator's account; it is the person's on the request,
-- recorded by the coordinator (issue 14).
UPDATE `consent` SET `recorded_by_id` = `user_id`, `user_id` = NULL
  WHERE `id` IN (SELECT `care_consent_id` FROM `help_request`
    WHERE `care_consent_id` IS NOT NULL AND `requester_id` IS NULL AND `registered_by_id` = `consent`.`user_id`);
--> statement-breakpoint
UPDATE `user` SET `last_active_at` = coalesce((SELECT max(`last_seen_at`) FROM `session` WHERE `session`.`user_id` = `user`.`id`), `created_at`);
--> statement-breakpoint
-- The append-only logs: no change at all, unless the transaction holds the log_rewrite row. Then
-- "erasure" may only replace a person's reference by a pseudonym (and blank free text), and
-- "retention" may only delete rows (the retention verb picks those past their period).
CREATE TRIGGER `care_access_log_no_update` BEFORE UPDATE ON `care_access_log`
  WHEN NOT EXISTS (SELECT 1 FROM `log_rewrite` WHERE `purpose` = 'erasure')
    OR NEW.`id` IS NOT OLD.`id` OR NEW.`request_id` IS NOT OLD.`request_id` OR NEW.`fields` IS NOT OLD.`fields`
    OR NEW.`purpose` IS NOT OLD.`purpose` OR NEW.`at` IS NOT OLD.`at`
    OR NEW.`viewer_id` IS NOT NULL OR NEW.`viewer_pseudonym` IS NULL
BEGIN
  SELECT RAISE(ABORT, 'care_access_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `care_access_log_no_delete` BEFORE DELETE ON `care_access_log`
  WHEN (SELECT count(*) FROM `help_request` WHERE `id` = OLD.`request_id`) > 0
    AND NOT EXISTS (SELECT 1 FROM `log_rewrite` WHERE `purpose` = 'retention')
BEGIN
  SELECT RAISE(ABORT, 'care_access_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `help_request_event_no_update` BEFORE UPDATE ON `help_request_event`
  WHEN NOT EXISTS (SELECT 1 FROM `log_rewrite`)
    OR NEW.`id` IS NOT OLD.`id` OR NEW.`request_id` IS NOT OLD.`request_id` OR NEW.`from_status` IS NOT OLD.`from_status`
    OR NEW.`to_status` IS NOT OLD.`to_status` OR NEW.`at` IS NOT OLD.`at`
    OR (NEW.`note` IS NOT OLD.`note` AND NEW.`note` IS NOT NULL)
    OR (NEW.`actor_id` IS NOT OLD.`actor_id` AND (NEW.`actor_id` IS NOT NULL OR NEW.`actor_pseudonym` IS NULL))
    OR (NEW.`actor_pseudonym` IS NOT OLD.`actor_pseudonym` AND OLD.`actor_pseudonym` IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'help_request_event is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `help_request_event_no_delete` BEFORE DELETE ON `help_request_event`
  WHEN (SELECT count(*) FROM `help_request` WHERE `id` = OLD.`request_id`) > 0
    AND NOT EXISTS (SELECT 1 FROM `log_rewrite` WHERE `purpose` = 'retention')
BEGIN
  SELECT RAISE(ABORT, 'help_request_event is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `security_event_no_update` BEFORE UPDATE ON `security_event`
  WHEN NOT EXISTS (SELECT 1 FROM `log_rewrite` WHERE `purpose` = 'erasure')
    OR NEW.`id` IS NOT OLD.`id` OR NEW.`kind` IS NOT OLD.`kind` OR NEW.`at` IS NOT OLD.`at`
    OR (NEW.`detail` IS NOT OLD.`detail` AND NEW.`detail` IS NOT NULL)
    OR (NEW.`user_id` IS NOT OLD.`user_id` AND (NEW.`user_id` IS NOT NULL OR NEW.`subject_pseudonym` IS NULL))
    OR (NEW.`subject_pseudonym` IS NOT OLD.`subject_pseudonym` AND OLD.`subject_pseudonym` IS NOT NULL)
    OR (NEW.`actor_id` IS NOT OLD.`actor_id` AND (NEW.`actor_id` IS NOT NULL OR NEW.`actor_pseudonym` IS NULL))
    OR (NEW.`actor_pseudonym` IS NOT OLD.`actor_pseudonym` AND OLD.`actor_pseudonym` IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'security_event is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `security_event_no_delete` BEFORE DELETE ON `security_event`
  WHEN NOT EXISTS (SELECT 1 FROM `log_rewrite` WHERE `purpose` = 'retention')
BEGIN
  SELECT RAISE(ABORT, 'security_event is append-only');
END;
