ALTER TABLE `organisation` ADD `contact_phone` text;--> statement-breakpoint
ALTER TABLE `organisation` ADD `website` text;--> statement-breakpoint
ALTER TABLE `organisation` ADD `approved_by` integer REFERENCES `user`(`id`) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `organisation` ADD `approved_at` integer;--> statement-breakpoint
ALTER TABLE `skill` ADD `kind` text DEFAULT 'skill' NOT NULL;--> statement-breakpoint
ALTER TABLE `volunteer_profile` ADD `vog_set_at` integer;--> statement-breakpoint
CREATE INDEX `activity_initiative_idx` ON `activity` (`initiative_id`);--> statement-breakpoint
CREATE INDEX `initiative_partner_organisation_idx` ON `initiative_partner` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `organisation_neighbourhood_neighbourhood_idx` ON `organisation_neighbourhood` (`neighbourhood_id`);