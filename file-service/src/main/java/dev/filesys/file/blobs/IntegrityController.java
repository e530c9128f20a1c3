package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.ClusterToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's integrity tools on the internal API (cluster token; the edge does not route {@code /internal/}):
 * {@code GET /internal/v1/integrity} (the scrubber's and fsck's findings) and {@code POST /internal/v1/fsck}.
 */
@Tag(name = "Cluster", description = "What the balancer asks a file-service")
@RestController
class IntegrityController {

    private final BlobIntegrity integrity;
    private final ClusterToken clusterToken;

    IntegrityController(BlobIntegrity integrity, FileServiceProperties properties) {
        this.integrity = integrity;
        this.clusterToken = ClusterToken.configured(properties.balancer().clusterToken(), "file-service");
    }

    @Operation(
            operationId = "getIntegrityReport",
            summary = "Blobs the scrubber or fsck found damaged or missing, with the files and owners affected",
            description = "Newest first, at most 1000. state: QUARANTINED, MISSING, HEALED or REMOVED.",
            security = @SecurityRequirement(name = "clusterToken"))
    @ApiResponse(responseCode = "200", description = "The findings")
    @ApiResponse(responseCode = "401", description = "INVALID_CLUSTER_TOKEN")
    @GetMapping("/internal/v1/integrity")
    ResponseEntity<List<IntegrityFinding>> report(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        clusterToken.require(authorization);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(integrity.report());
    }

    @Operation(
            operationId = "runFsck",
            summary = "Compares the blob rows with the blob store, and fixes what is safe to fix",
            description = "Reports rows without blobs, blobs without rows (older than the sweeper's grace period),"
                    + " size and (with checksums=true, which reads every blob) checksum mismatches, and files whose"
                    + " content is quarantined. fix=true quarantines damaged blobs, re-records a size its bytes prove,"
                    + " and removes old blobs without a row; it never deletes a row a file references.",
            security = @SecurityRequirement(name = "clusterToken"))
    @ApiResponse(responseCode = "200", description = "The report; clean is true when nothing is left to fix")
    @ApiResponse(responseCode = "401", description = "INVALID_CLUSTER_TOKEN")
    @PostMapping("/internal/v1/fsck")
    ResponseEntity<FsckReport> fsck(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Parameter(description = "fix what is safe to fix") @RequestParam(defaultValue = "false") boolean fix,
            @Parameter(description = "read every blob and check its checksums, not only its size")
                    @RequestParam(defaultValue = "false")
                    boolean checksums)
            throws IOException {
        clusterToken.require(authorization);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(integrity.fsck(fix, checksums));
    }
}
