/**
 * Administration and account self-service: the admin API (users, usage, disable and enable, removal, password resets,
 * quotas, roles, the audit log), the operator's bootstrap of the first admin, and a user's own password, sessions and
 * account removal.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.admin;
