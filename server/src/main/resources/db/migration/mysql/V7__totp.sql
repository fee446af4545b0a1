-- The time step of the last TOTP code accepted, so that the same code cannot be used twice.
ALTER TABLE `user__totp` ADD COLUMN last_step BIGINT NULL;
