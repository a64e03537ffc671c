# The Urumi platform image: the service, its libraries, the store chart and the packaged earlier
# store chart versions. Build from the repository root:  docker build -t urumi/platform:dev .
# (Not built on the development machine, which has no Docker; kept conventional on purpose.)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY app/pom.xml app/
# Dependencies first: this layer stays cached until a pom changes.
RUN mvn -B -ntp -q dependency:go-offline
COPY app/src app/src
RUN mvn -B -ntp -q -DskipTests package

# Ubuntu-based JRE (glibc): helm-java runs Helm's Go code as a native library, which needs glibc.
FROM eclipse-temurin:17-jre
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
