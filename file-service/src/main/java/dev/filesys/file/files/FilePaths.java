package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths as people write them, {@code /reports/2026/q3.pdf}: from the caller's root folder, one name per level, each
 * following {@link FileNames}' rules. A path is accepted where that is natural ({@code ?path=}, a PUT upload's URL);
 * everything else names files and folders by id.
 */
public final class FilePaths {

    private FilePaths() {}

    /**
     * The normalised names of {@code path}'s levels; empty for the root ({@code /}). A leading {@code /} is optional.
     *
     * @throws ApiException {@code 400 INVALID_PATH} for a missing path, an empty level ({@code //}, a trailing
     *     {@code /}), {@code .} or {@code ..}, or a level that is not a valid name
     */
    public static List<String> parse(String path) {
        if (path == null || path.isEmpty()) {
            throw ApiError.INVALID_PATH.exception("A path is required, such as /reports/2026/q3.pdf.");
        }
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String level : relative.split("/", -1)) {
            if (level.isEmpty()) {
                throw ApiError.INVALID_PATH.exception("The path has an empty level (// or a trailing /).");
            }
            if (level.equals(".") || level.equals("..")) {
                throw ApiError.INVALID_PATH.exception(
                        "The path has \"" + level + "\" in it: paths go down from your root folder, by name only.");
            }
            try {
                names.add(FileNames.normalize(level));
            } catch (ApiException e) {
                throw ApiError.INVALID_PATH.exception("The path's level \"" + level + "\" is not a valid name: "
                        + e.getBody().getDetail());
            }
        }
        return List.copyOf(names);
    }

    /** The path of an item named {@code name} in the folder at {@code folderPath} ({@code /} for the root). */
    public static String child(String folderPath, String name) {
        return folderPath.endsWith("/") ? folderPath + name : folderPath + "/" + name;
    }
}
