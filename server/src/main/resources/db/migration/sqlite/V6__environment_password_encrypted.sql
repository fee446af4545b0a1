-- A variable group's password is stored encrypted from now on (AES-256-GCM, base64), which is longer than the
-- 255 characters the password itself may have. SQLite does not enforce VARCHAR lengths, so its column stays as
-- it is; this version exists to keep the vendors' version lists the same. V6.1 (a Java migration: it needs
-- access_key_encryption) encrypts the passwords stored in clear before.
SELECT 1;
