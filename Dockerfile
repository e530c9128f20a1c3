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
# page cache. A JVM that runs out of memory exits (and is restarted) rather than limping on.
# /data is where a file-service keeps blobs (local store) or stages uploads; mount a volume there (compose: a named
# volume, Kubernetes: an emptyDir). No VOLUME instruction: the balancer uses the same recipe and needs none.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError" \
    FILESYS_STORAGE_ROOT=/data/blobs
# the balancer listens on 8080, a file-service on 8081 (PORT changes either)
EXPOSE 8080 8081
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
