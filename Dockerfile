# syntax=docker/dockerfile:1
# One image recipe for both services:
#   docker build --build-arg SERVICE=balancer-service -t filesys/balancer-service .
#   docker build --build-arg SERVICE=file-service     -t filesys/file-service .
ARG SERVICE=file-service

FROM eclipse-temurin:21-jdk AS build
ARG SERVICE
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY protocol/ protocol/
COPY service-support/ service-support/
COPY balancer-service/ balancer-service/
COPY file-service/ file-service/
COPY cli-client/ cli-client/
COPY local-cluster/ local-cluster/
COPY db/ db/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -pl ${SERVICE} -am package -DskipTests \
 && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /app.jar \
 && java -Djarmode=tools -jar /app.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:21-jre
ARG SERVICE
LABEL org.opencontainers.image.title="filesys ${SERVICE}"
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
# heap sized from the container's memory limit; the rest is left for metaspace, threads and the page cache
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError" \
    FILESYS_STORAGE_ROOT=/data/blobs
EXPOSE 8080 8081
VOLUME ["/data"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
