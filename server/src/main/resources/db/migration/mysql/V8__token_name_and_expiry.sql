-- API tokens get an optional name (what the token is for) and an optional expiry time; a token past its expiry is
-- refused like an expired one. Ours, not Semaphore's (its tokens have neither).
ALTER TABLE `user__token` ADD COLUMN name VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE `user__token` ADD COLUMN expires DATETIME(6) NULL;
