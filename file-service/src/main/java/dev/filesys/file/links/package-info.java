/**
 * Public links: an owner shares a file or a folder with anyone who holds a link's token, with an expiry, an optional
 * password, download limit and label; the link's holder reads through {@code /l/{token}} without an account, and every
 * download is counted, recorded and announced to the owner.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.links;
