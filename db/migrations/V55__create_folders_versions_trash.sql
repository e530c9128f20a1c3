-- Folders, versions and the trash.
--
-- Each user's files form a tree. Every user has exactly one root folder (parent_id NULL, name ''), made here for the
-- users that exist and by a trigger for every new one, so every file has a folder. A folder's place in the tree is its
-- parent_id alone: renaming or moving a folder is one row update, however much it holds.
--
-- version is each file's and folder's ETag: it grows by one with every change of the row (content, name, place,
-- trash), so a client's If-Match compares against it.
--
-- The trash: deleting a file or folder sets trashed_at on it and on everything under it that was not already in the
-- trash, and trash_root_id (on all of them) to the item that was deleted; that item is what the trash lists and
-- restores, and restoring it clears the rows that carry its id. A row in the trash holds no name in its folder (the
-- unique indexes cover rows outside the trash only).
CREATE TABLE folders (
    id            uuid        PRIMARY KEY,
    owner_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id     uuid        REFERENCES folders (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    version       bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    trashed_at    timestamptz,
    trash_root_id uuid,
    CONSTRAINT folders_root_unnamed CHECK ((parent_id IS NULL) = (name = '')),
    CONSTRAINT folders_name_length CHECK (octet_length(name) <= 255),
    CONSTRAINT folders_root_not_trashed CHECK (parent_id IS NOT NULL OR trashed_at IS NULL),
    CONSTRAINT folders_trash_consistent CHECK ((trashed_at IS NULL) = (trash_root_id IS NULL))
);

CREATE UNIQUE INDEX folders_one_root ON folders (owner_id) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX folders_parent_name ON folders (parent_id, name) WHERE trashed_at IS NULL;
CREATE INDEX folders_parent_name_c ON folders (parent_id, name COLLATE "C", id);
CREATE INDEX folders_trash_root ON folders (trash_root_id) WHERE trash_root_id IS NOT NULL;
CREATE INDEX folders_owner_trashed ON folders (owner_id, trashed_at) WHERE trashed_at IS NOT NULL;

INSERT INTO folders (id, owner_id, parent_id, name, created_at, updated_at)
SELECT gen_random_uuid(), u.id, NULL, '', u.created_at, u.created_at FROM users u;

CREATE FUNCTION create_root_folder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO folders (id, owner_id, parent_id, name, created_at, updated_at)
    VALUES (gen_random_uuid(), NEW.id, NULL, '', now(), now());
    RETURN NEW;
END;
$$;

CREATE TRIGGER users_root_folder AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION create_root_folder();

-- Every existing file lands in its owner's root folder, under the name it had.
ALTER TABLE files
    ADD COLUMN folder_id     uuid REFERENCES folders (id) ON DELETE CASCADE,
    ADD COLUMN version       bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN trashed_at    timestamptz,
    ADD COLUMN trash_root_id uuid,
    ADD CONSTRAINT files_trash_consistent CHECK ((trashed_at IS NULL) = (trash_root_id IS NULL));

UPDATE files f SET folder_id = r.id FROM folders r WHERE r.owner_id = f.owner_id AND r.parent_id IS NULL;

ALTER TABLE files ALTER COLUMN folder_id SET NOT NULL;

-- Names are unique per folder now, among what is not in the trash.
ALTER TABLE files DROP CONSTRAINT files_owner_name_unique;
CREATE UNIQUE INDEX files_folder_name ON files (folder_id, name) WHERE trashed_at IS NULL;
CREATE INDEX files_folder_name_c ON files (folder_id, name COLLATE "C", id);
CREATE INDEX files_trash_root ON files (trash_root_id) WHERE trash_root_id IS NOT NULL;
CREATE INDEX files_owner_trashed ON files (owner_id, trashed_at) WHERE trashed_at IS NOT NULL;

-- Read access to a folder and everything it holds, now and later, granted by its owner; as shares is for one file.
CREATE TABLE folder_shares (
    folder_id  uuid        NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    grantee_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    permission text        NOT NULL CHECK (permission IN ('read')),
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (folder_id, grantee_id)
);

CREATE INDEX folder_shares_grantee_id ON folder_shares (grantee_id);

-- Earlier contents of a file: an overwrite (or a restore of a version) keeps the content it replaces here. A version
-- is a row pointing at a blob that is already stored; the blob sweeper keeps every blob a version references.
CREATE TABLE file_versions (
    id           uuid        PRIMARY KEY,
    file_id      uuid        NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    blob_sha256  char(64)    NOT NULL REFERENCES blobs (sha256),
    content_type text        NOT NULL CHECK (length(content_type) BETWEEN 1 AND 255),
    -- when this content was stored, and by whom (null once that user is gone)
    created_at   timestamptz NOT NULL,
    created_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    -- when it stopped being the file's current content
    replaced_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX file_versions_file ON file_versions (file_id, replaced_at DESC, id);
CREATE INDEX file_versions_blob ON file_versions (blob_sha256);
CREATE INDEX file_versions_replaced_at ON file_versions (replaced_at);

-- Who stored a file's current content (the owner, for every file stored before this migration).
ALTER TABLE files ADD COLUMN updated_by uuid REFERENCES users (id) ON DELETE SET NULL;
UPDATE files SET updated_by = owner_id;
