CREATE TABLE `form_draft` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`path` text NOT NULL,
	`sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "form_draft_expiry_after_creation" CHECK("form_draft"."expires_at" > "form_draft"."created_at")
);
--> statement-breakpoint
CREATE INDEX `form_draft_user_idx` ON `form_draft` (`user_id`);--> statement-breakpoint
CREATE TABLE `passkey` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`credential_id` text NOT NULL,
	`public_key` text NOT NULL,
	`counter` integer DEFAULT 0 NOT NULL,
	`transports` text DEFAULT '[]' NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "passkey_name_not_blank" CHECK(length(trim("passkey"."name")) > 0),
	CONSTRAINT "passkey_counter_non_negative" CHECK("passkey"."counter" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `passkey_credential_unique` ON `passkey` (`credential_id`);--> statement-breakpoint
CREATE INDEX `passkey_user_idx` ON `passkey` (`user_id`);--> statement-breakpoint
CREATE TABLE `recovery_code` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recovery_code_unique` ON `recovery_code` (`user_id`,`code_hash`);--> statement-breakpoint
CREATE INDEX `recovery_code_user_idx` ON `recovery_code` (`user_id`,`used_at`);--> statement-breakpoint
CREATE TABLE `security_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`detail` text,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "security_event_kind_known" CHECK("security_event"."kind" IN ('sign-in', 'second-factor-verified', 'second-factor-failed', 'locked-out', 'passkey-added', 'passkey-renamed', 'passkey-removed', 'totp-enabled', 'totp-disabled', 'recovery-codes-created', 'recovery-code-used', 'second-factor-reset', 'signed-out-everywhere', 'email-changed'))
);
--> statement-breakpoint
CREATE INDEX `security_event_user_idx` ON `security_event` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `totp_credential` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`secret_sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`last_step` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "totp_confirmed_after_creation" CHECK("totp_credential"."confirmed_at" IS NULL OR "totp_credential"."confirmed_at" >= "totp_credential"."created_at")
);
--> statement-breakpoint
ALTER TABLE `session` ADD `second_factor_at` integer;--> statement-breakpoint
ALTER TABLE `session` ADD `second_factor_method` text;--> statement-breakpoint
ALTER TABLE `session` ADD `device` text;--> statement-breakpoint
ALTER TABLE `session` ADD `challenge` text;--> statement-breakpoint
ALTER TABLE `session` ADD `challenge_expires_at` integer;
--> statement-breakpoint
-- The security log is append-only: a person and the admins must be able to trust it. Rows go only
-- with their account (the delete cascades once the user row is gone).
CREATE TRIGGER `security_event_no_update` BEFORE UPDATE ON `security_event`
BEGIN
  SELECT RAISE(ABORT, 'security_event is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `security_event_no_delete` BEFORE DELETE ON `security_event`
  WHEN (SELECT count(*) FROM `user` WHERE `id` = OLD.`user_id`) > 0
BEGIN
  SELECT RAISE(ABORT, 'security_event is append-only');
END;
