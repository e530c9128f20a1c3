package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Section 1: one large file uploaded and downloaded through the real protocol (assignment, handshake, login, then the
 * transfer with SHA-256 and CRC32C computed by the service), next to nginx PUT/GET of the same file and the machine's
 * limits, all alternated run by run.
 */
final class LargeFiles {

    static final String SECTION = "1. Large files";
    private static final String OUR_FIRST_BYTE = "filesys download: first byte (after the CRC32C check)";
    private static final String NGINX_FIRST_BYTE = "nginx GET: first byte";
    private static final String OUR_AFTER_FIRST_BYTE = "filesys download after its first byte";

    private final Bench.Context context;
    private final Report report;

    LargeFiles(Bench.Context context) {
        this.context = context;
        this.report = context.report();
    }

    void run() throws IOException {
        Options options = context.options();
        Path work = options.work();
        long size = options.largeBytes();
        String sizeLabel = size >= 1L << 30 ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
        Bench.log("large files: generating " + sizeLabel);
        Path source = work.resolve("large.bin");
        String sha256 = Limits.generate(source, size, 42);
        String user = "large-" + Bench.RUN_TAG;
        Api api = context.api();
        api.register(api.openSession(), user);

        Report.Figure sha = report.figure(SECTION, "limit: Java SHA-256 (MessageDigest, in memory)", "MiB/s");
        Report.Figure openssl = report.figure(SECTION, "limit: openssl dgst -sha256 of the cached file", "MiB/s");
        Report.Figure crc = report.figure(SECTION, "limit: Java CRC32C (in memory)", "MiB/s");
        Report.Figure fsync = report.figure(SECTION, "limit: fsynced write (dd conv=fsync)", "MiB/s");
        Report.Figure hashFsync =
                report.figure(SECTION, "limit: read + SHA-256 + write + fsync (one Java thread)", "MiB/s");
        Report.Figure cached = report.figure(SECTION, "limit: cached read (dd to /dev/null)", "MiB/s");
        Report.Figure nginxPut = report.figure(SECTION, "nginx PUT " + sizeLabel + " (curl -T)", "MiB/s");
        Report.Figure ourUpload =
                report.figure(SECTION, "filesys upload " + sizeLabel + " (POST /api/v1/files, curl -T)", "MiB/s");
        Report.Figure nginxGet = report.figure(SECTION, "nginx GET " + sizeLabel + " (curl)", "MiB/s");
        Report.Figure ourDownload =
                report.figure(SECTION, "filesys download " + sizeLabel + " (CRC32C checked, curl)", "MiB/s");
        Report.Figure setup = report.figure(SECTION, "filesys session set-up (assignment + handshake + login)", "ms");

        Bench.log("large files: warm-up round");
        transfers(source, sha256, user, null, null, null, null, null, false);
        for (int run = 0; run < options.runs(); run++) {
            Bench.log("large files: run " + (run + 1) + "/" + options.runs());
            sha.add(Limits.javaSha256(size));
            openssl.add(Limits.opensslSha256(source));
            crc.add(Limits.javaCrc32c(size));
            fsync.add(Limits.fsyncedWrite(source, work.resolve("limit-fsync.bin")));
            hashFsync.add(Limits.hashAndFsync(source, work.resolve("limit-hash-fsync.bin")));
            cached.add(Limits.cachedRead(source));
            transfers(source, sha256, user, nginxPut, ourUpload, nginxGet, ourDownload, setup, run % 2 == 1);
        }
        Files.deleteIfExists(source);

        Report.Ratio download = report.ratio(SECTION, "filesys download / nginx GET", ourDownload, nginxGet);
        Report.Ratio upload = report.ratio(SECTION, "filesys upload / hash-and-fsync limit", ourUpload, hashFsync);
        Report.Ratio uploadToNginx = report.ratio(SECTION, "filesys upload / nginx PUT", ourUpload, nginxPut);
        report.ratio(SECTION, "filesys upload / fsynced write", ourUpload, fsync);
        report.ratio(SECTION, "filesys download / cached read", ourDownload, cached);
        double downloadRatio = Stats.median(download.perRun());
        double uploadRatio = Stats.median(upload.perRun());
        report.goal(
                SECTION,
                "download ≥ 0.8 × nginx GET",
                downloadRatio >= 0.8,
                Report.format(ourDownload.median()) + " vs " + Report.format(nginxGet.median()) + " MiB/s, ratio "
                        + Report.ratio(downloadRatio) + "; first byte after "
                        + Report.format(
                                report.figure(SECTION, OUR_FIRST_BYTE, "ms").median())
                        + " ms (the check of every chunk's CRC32C before the headers; nginx "
                        + Report.format(
                                report.figure(SECTION, NGINX_FIRST_BYTE, "ms").median()) + " ms), then "
                        + Report.format(report.figure(SECTION, OUR_AFTER_FIRST_BYTE, "MiB/s")
                                .median()) + " MiB/s");
        report.goal(
                SECTION,
                "upload ≥ 0.8 × hash-and-fsync limit",
                uploadRatio >= 0.8,
                Report.format(ourUpload.median()) + " vs " + Report.format(hashFsync.median()) + " MiB/s, ratio "
                        + Report.ratio(uploadRatio) + " (to nginx PUT: "
                        + Report.ratio(Stats.median(uploadToNginx.perRun())) + ")");
        report.note(
                SECTION,
                "Each run: the limits, then nginx and filesys alternated (odd runs filesys first), the same file, the same"
                        + " client (curl, `-T` streams from the cached file, output to /dev/null). filesys figures are curl's"
                        + " transfer time; the session set-up before each upload (a new session and a login: Argon2id) is"
                        + " shown separately. The upload sends `X-Checksum-SHA256`, the service checks it, computes CRC32C,"
                        + " fsyncs the file and its directory and commits the row (PostgreSQL with `synchronous_commit=on`);"
                        + " nginx writes to the page cache and renames. The download checks the blob's chunk CRC32Cs before"
                        + " the headers, then Tomcat sends it with sendfile, as nginx does. One download per run is also checked by SHA-256 of what arrived (the warm-up's).");
    }

    private void transfers(
            Path source,
            String sha256,
            String user,
            Report.Figure nginxPut,
            Report.Figure ourUpload,
            Report.Figure nginxGet,
            Report.Figure ourDownload,
            Report.Figure setup,
            boolean oursFirst)
            throws IOException {
        Api api = context.api();
        Path body = context.options().work().resolve("curl-body.json");
        String nginxUrl = context.nginx().url() + "/large/" + Bench.RUN_TAG + "-" + System.nanoTime() + ".bin";

        long setupStart = System.nanoTime();
        Api.Session session = api.login(api.openSession(), user);
        double setupMillis = (System.nanoTime() - setupStart) / 1e6;
        String auth = "Authorization: Bearer " + session.token();
        String uploadUrl = session.serverUrl() + "/api/v1/files?name=large-" + System.nanoTime();

        Curl.Transfer ours = null;
        Curl.Transfer theirs = null;
        for (int side = 0; side < 2; side++) {
            if ((side == 0) == oursFirst) {
                ours = Curl.post(uploadUrl, source, body, auth, sha256);
            } else {
                theirs = Curl.upload("PUT", nginxUrl, source, body);
            }
        }
        if (ours.status() != 201 || !ours.body().contains(sha256)) {
            throw new IllegalStateException("filesys upload answered " + ours.status() + ": " + ours.body());
        }
        if (theirs.status() != 201 && theirs.status() != 204) {
            throw new IllegalStateException("nginx PUT answered " + theirs.status());
        }
        String fileId = ours.fileId();
        if (fileId == null) {
            throw new IllegalStateException("no fileId in " + ours.body());
        }
        String contentUrl = session.serverUrl() + "/api/v1/files/" + fileId + "/content";
        long size = context.options().largeBytes();

        Curl.Transfer ourGet = null;
        Curl.Transfer theirGet = null;
        for (int side = 0; side < 2; side++) {
            if ((side == 0) == oursFirst) {
                ourGet = Curl.download(contentUrl, auth);
            } else {
                theirGet = Curl.download(nginxUrl);
            }
        }
        if (ourGet.status() != 200 || ourGet.bytes() != size) {
            throw new IllegalStateException(
                    "filesys download answered " + ourGet.status() + " with " + ourGet.bytes() + " bytes");
        }
        if (theirGet.status() != 200 || theirGet.bytes() != size) {
            throw new IllegalStateException("nginx GET answered " + theirGet.status());
        }
        if (nginxPut == null) {
            // the warm-up round also proves that what comes back is what went in
            String got = Curl.downloadSha256(contentUrl, auth);
            if (!got.equals(sha256)) {
                throw new IllegalStateException("the download's SHA-256 " + got + " is not the upload's " + sha256);
            }
        } else {
            nginxPut.add(theirs.mibPerSecond());
            ourUpload.add(ours.mibPerSecond());
            nginxGet.add(theirGet.mibPerSecond());
            ourDownload.add(ourGet.mibPerSecond());
            setup.add(setupMillis);
            report.figure(SECTION, OUR_FIRST_BYTE, "ms").add(ourGet.firstByteSeconds() * 1000);
            report.figure(SECTION, NGINX_FIRST_BYTE, "ms").add(theirGet.firstByteSeconds() * 1000);
            report.figure(SECTION, OUR_AFTER_FIRST_BYTE, "MiB/s").add(ourGet.mibPerSecondAfterFirstByte());
        }
        api.delete(session, fileId);
        Proc.run(java.time.Duration.ofMinutes(1), "curl", "-sS", "-X", "DELETE", nginxUrl);
    }
}
