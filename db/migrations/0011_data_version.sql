CREATE TABLE `data_version` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
INSERT INTO `data_version` (`scope`, `version`) VALUES ('public', 0);--> statement-breakpoint
-- Every write to a table whose rows show on the anonymous pages adds one to the public data version,
-- in the writing transaction (decision 037). The tables are DATA_VERSION_TABLES in
-- app/domain/data-version.server.ts; tests/integration/data-version-table.test.ts keeps both in step.
CREATE TRIGGER `activity_data_version_insert` AFTER INSERT ON `activity`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_data_version_update` AFTER UPDATE ON `activity`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_data_version_delete` AFTER DELETE ON `activity`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_series_data_version_insert` AFTER INSERT ON `activity_series`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_series_data_version_update` AFTER UPDATE ON `activity_series`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_series_data_version_delete` AFTER DELETE ON `activity_series`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_session_data_version_insert` AFTER INSERT ON `activity_session`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_session_data_version_update` AFTER UPDATE ON `activity_session`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `activity_session_data_version_delete` AFTER DELETE ON `activity_session`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `shift_data_version_insert` AFTER INSERT ON `shift`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `shift_data_version_update` AFTER UPDATE ON `shift`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `shift_data_version_delete` AFTER DELETE ON `shift`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `signup_data_version_insert` AFTER INSERT ON `signup`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `signup_data_version_update` AFTER UPDATE ON `signup`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `signup_data_version_delete` AFTER DELETE ON `signup`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `skill_data_version_insert` AFTER INSERT ON `skill`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `skill_data_version_update` AFTER UPDATE ON `skill`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `skill_data_version_delete` AFTER DELETE ON `skill`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_data_version_insert` AFTER INSERT ON `initiative`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_data_version_update` AFTER UPDATE ON `initiative`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_data_version_delete` AFTER DELETE ON `initiative`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_partner_data_version_insert` AFTER INSERT ON `initiative_partner`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_partner_data_version_update` AFTER UPDATE ON `initiative_partner`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_partner_data_version_delete` AFTER DELETE ON `initiative_partner`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_interest_data_version_insert` AFTER INSERT ON `initiative_interest`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_interest_data_version_update` AFTER UPDATE ON `initiative_interest`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `initiative_interest_data_version_delete` AFTER DELETE ON `initiative_interest`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `organisation_data_version_insert` AFTER INSERT ON `organisation`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `organisation_data_version_update` AFTER UPDATE ON `organisation`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `organisation_data_version_delete` AFTER DELETE ON `organisation`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `organisation_neighbourhood_data_version_insert` AFTER INSERT ON `organisation_neighbourhood`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `organisation_neighbourhood_data_version_update` AFTER UPDATE ON `organisation_neighbourhood`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `organisation_neighbourhood_data_version_delete` AFTER DELETE ON `organisation_neighbourhood`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `municipality_data_version_insert` AFTER INSERT ON `municipality`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `municipality_data_version_update` AFTER UPDATE ON `municipality`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `municipality_data_version_delete` AFTER DELETE ON `municipality`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `neighbourhood_data_version_insert` AFTER INSERT ON `neighbourhood`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `neighbourhood_data_version_update` AFTER UPDATE ON `neighbourhood`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `neighbourhood_data_version_delete` AFTER DELETE ON `neighbourhood`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_organization_data_version_insert` AFTER INSERT ON `facility_organization`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_organization_data_version_update` AFTER UPDATE ON `facility_organization`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_organization_data_version_delete` AFTER DELETE ON `facility_organization`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_location_data_version_insert` AFTER INSERT ON `facility_location`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_location_data_version_update` AFTER UPDATE ON `facility_location`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_location_data_version_delete` AFTER DELETE ON `facility_location`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_service_data_version_insert` AFTER INSERT ON `facility_service`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_service_data_version_update` AFTER UPDATE ON `facility_service`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_service_data_version_delete` AFTER DELETE ON `facility_service`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_opening_hours_data_version_insert` AFTER INSERT ON `facility_opening_hours`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_opening_hours_data_version_update` AFTER UPDATE ON `facility_opening_hours`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_opening_hours_data_version_delete` AFTER DELETE ON `facility_opening_hours`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_cooperation_data_version_insert` AFTER INSERT ON `facility_cooperation`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_cooperation_data_version_update` AFTER UPDATE ON `facility_cooperation`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
--> statement-breakpoint
CREATE TRIGGER `facility_cooperation_data_version_delete` AFTER DELETE ON `facility_cooperation`
BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `scope` = 'public';
END;
