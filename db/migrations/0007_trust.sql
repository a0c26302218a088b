CREATE TABLE `pending_signup` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`redirect_to` text DEFAULT '/' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	CONSTRAINT "pending_signup_expiry_after_creation" CHECK("pending_signup"."expires_at" > "pending_signup"."created_at")
);
--> statement-breakpoint
CREATE INDEX `pending_signup_email_idx` ON `pending_signup` (`email`);--> statement-breakpoint
CREATE TABLE `organisation_invitation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "organisation_invitation_role_known" CHECK("organisation_invitation"."role" IN ('member', 'admin')),
	CONSTRAINT "organisation_invitation_status_known" CHECK("organisation_invitation"."status" IN ('open', 'accepted', 'declined', 'revoked')),
	CONSTRAINT "organisation_invitation_expiry_after_creation" CHECK("organisation_invitation"."expires_at" > "organisation_invitation"."created_at"),
	CONSTRAINT "organisation_invitation_closed_consistent" CHECK(("organisation_invitation"."status" = 'open') = ("organisation_invitation"."closed_at" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_invitation_token_unique` ON `organisation_invitation` (`token_hash`);--> statement-breakpoint
CREATE INDEX `organisation_invitation_org_idx` ON `organisation_invitation` (`organisation_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_invitation_open_unique` ON `organisation_invitation` (`organisation_id`,`email`) WHERE "organisation_invitation"."status" = 'open';