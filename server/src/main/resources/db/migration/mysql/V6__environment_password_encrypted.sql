-- A variable group's password is stored encrypted from now on (AES-256-GCM, base64), which is longer than the
-- 255 characters the password itself may have. V6.1 (a Java migration: it needs access_key_encryption) encrypts
-- the passwords stored in clear before.
ALTER TABLE `project__environment` MODIFY password TEXT NULL;
