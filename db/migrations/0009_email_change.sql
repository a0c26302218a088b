CREATE TABLE `email_change` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`new_email` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "email_change_expiry_after_creation" CHECK("email_change"."expires_at" > "email_change"."created_at"),
	CONSTRAINT "email_change_email_normalised" CHECK("email_change"."new_email" = lower(trim("email_change"."new_email")) AND instr("email_change"."new_email", '@') > 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_change_token_unique` ON `email_change` (`token_hash`);--> statement-breakpoint
CREATE INDEX `email_change_user_idx` ON `email_change` (`user_id`,`created_at`);