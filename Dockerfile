# syntax=docker/dockerfile:1
# One image recipe for both services:
#   docker build --build-arg SERVICE=balancer-service -t filesys/balancer-service .
#   docker build --build-arg SERVICE=file-service     -t filesys/file-service .
# (docker compose builds both; see docs/deployment.md.)
ARG SERVICE=file-service

FROM eclipse-temurin:21-jdk AS build
ARG SERVICE
WORKDIR /src
# the whole reactor (every module's POM must be there); .dockerignore keeps out build output, .git and secrets
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -pl ${SERVICE} -am package -DskipTests \
 && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /app.jar \
 && java -Djarmode=tools -jar /app.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:21-jre
ARG SERVICE
LABEL org.opencontainers.image.title="filesys ${SERVICE}" \
      org.opencontainers.image.description="filesys ${SERVICE}: see docs/deployment.md"
# The health check: /readyz on the service's port, with nothing but bash (no curl in the image). Healthy means it takes
# clients (a draining or cut-off file-service is not); compose waits on it, Kubernetes has its own probes.
RUN <<EOF
cat > /usr/local/bin/filesys-healthcheck <<SCRIPT
#!/bin/bash
port=\${PORT:-$( [ "$SERVICE" = balancer-service ] && echo 8080 || echo 8081 )}
exec 3<>/dev/tcp/127.0.0.1/\$port || exit 1
printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 5 status <&3
[[ \$status == *" 200 "* ]]
SCRIPT
chmod 755 /usr/local/bin/filesys-healthcheck
EOF
RUN groupadd --system --gid 10001 filesys \
 && useradd --system --uid 10001 --gid filesys --home-dir /app --shell /usr/sbin/nologin filesys \
 && mkdir -p /app /data/blobs && chown -R filesys:filesys /data
WORKDIR /app
# least-changing layers first, so a code change rebuilds only the last one
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
# Heap sized from the container's memory limit; the rest is left for metaspace, thread stacks, direct buffers and the
# page cache. A JVM that runs out of memory exits (and is restarted) rather than limping on. The metaspace a service
# fills (about 110 MiB, most of it only once requests arrive) stays under the size at which the JVM first collects
# it: every step up to there would be a full, stop-the-world collection while requests wait (hundreds of ms).
# /data is where a file-service keeps blobs (local store) or stages uploads; mount a volume there (compose: a named
# volume, Kubernetes: an emptyDir). No VOLUME instruction: the balancer uses the same recipe and needs none.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -XX:MetaspaceSize=160m" \
    FILESYS_STORAGE_ROOT=/data/blobs
# the balancer listens on 8080, a file-service on 8081 (PORT changes either); with MANAGEMENT_SERVER_PORT (9090 in the
# deployments) metrics and the API description move to a port of their own
EXPOSE 8080 8081 9090
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 CMD ["/usr/local/bin/filesys-healthcheck"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
