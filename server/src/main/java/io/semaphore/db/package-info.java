/**
 * Storage: {@link io.semaphore.db.Database} (HikariCP pool + Jdbi, per-thread transactions),
 * {@link io.semaphore.db.Dialect} (the only place SQLite, PostgreSQL and MySQL/MariaDB differ) and
 * {@link io.semaphore.db.Migrator} (Flyway, one folder per vendor with the same version list).
 */
package io.semaphore.db;
