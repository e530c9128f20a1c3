package dev.filesys.file.files;

import dev.filesys.file.sessions.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me/usage}: how much of the caller's quota their files, versions and trash take. */
@Tag(name = "Files")
@RestController
class UsageController {

    private final StorageQuota quota;

    UsageController(StorageQuota quota) {
        this.quota = quota;
    }

    @Operation(
            operationId = "getUsage",
            summary = "Your storage usage",
            description = "usedBytes is what counts toward quotaBytes: your files' current contents (filesBytes), their"
                    + " earlier contents (versionsBytes), what is in your trash with its versions (trashBytes), and"
                    + " resumable uploads in progress. fileCount counts files in the trash too, against maxFiles.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "Your usage")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @GetMapping("/api/v1/me/usage")
    StorageQuota.Breakdown usage(CurrentUser user) {
        return quota.breakdown(user.userId());
    }
}
