# The Urumi platform image: the service, its libraries, the store chart and the packaged earlier
# store chart versions. Build from the repository root:  docker build -t urumi/platform:dev .
# Kept conventional on purpose: the defaults below are the official images. Without a registry (the
# development machine), scripts/images.sh builds it with buildah against local stand-ins of both
# (images/base/maven-temurin-17, images/base/temurin-17-jre) by setting the two build args.
ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY pom.xml ./
COPY app/pom.xml app/
# The development-only module is in the reactor because app's tests use it (test scope): it is compiled here, but
# neither the jar nor lib/ below contains it.
COPY devcluster/pom.xml devcluster/
# scripts/images.sh offers the machine's Java trust store as the secret host-java-cacerts (HTTPS may leave
# through a proxy that re-signs it); elsewhere it is absent and the image's own trust store is used.
# Dependencies first: this layer stays cached until a pom changes.
RUN --mount=type=secret,id=host-java-cacerts \
    if [ -s /run/secrets/host-java-cacerts ]; then export MAVEN_OPTS="-Djavax.net.ssl.trustStore=/run/secrets/host-java-cacerts"; fi; \
    mvn -B -ntp -q dependency:go-offline
COPY devcluster/src devcluster/src
COPY app/src app/src
# The pages' templates and static files (app/pom.xml reads them from ../web).
COPY web web
RUN --mount=type=secret,id=host-java-cacerts \
    if [ -s /run/secrets/host-java-cacerts ]; then export MAVEN_OPTS="-Djavax.net.ssl.trustStore=/run/secrets/host-java-cacerts"; fi; \
    mvn -B -ntp -q -DskipTests package

# Ubuntu-based JRE (glibc): helm-java runs Helm's Go code as a native library, which needs glibc.
FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 urumi \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin urumi
WORKDIR /opt/urumi
COPY --from=build /src/app/target/urumi.jar ./urumi.jar
COPY --from=build /src/app/target/lib ./lib
COPY charts/ecommerce-store ./charts/ecommerce-store
COPY charts/catalog ./charts/catalog
# Defaults for running the image alone; the platform chart sets the same (and the rest).
ENV URUMI_CHART_DIR=/opt/urumi/charts/ecommerce-store \
    URUMI_CHART_CATALOG_DIR=/opt/urumi/charts/catalog \
    URUMI_JDBC_URL=jdbc:h2:file:/data/urumi \
    HOME=/tmp
# Numeric, so Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/urumi/urumi.jar"]
