# syntax=docker/dockerfile:1
# Semaphore for Java: the container image. Build from the repository root:
#   docker build --build-arg GIT_COMMIT="$(git rev-parse --short=12 HEAD)" -t semaphore-java .
# Options: --build-arg INSTALL_TOFU=true / INSTALL_TERRAFORM=true (with TOFU_VERSION / TERRAFORM_VERSION) add
# OpenTofu / Terraform; ANSIBLE_CORE_VERSION=2.18.6 installs that ansible-core from PyPI instead of Ubuntu's.
# It takes the environment of Semaphore UI's image (see deploy/docker/entrypoint.sh and README.md), runs as user
# semaphore (uid 1001, group 0), keeps data in /var/lib/semaphore and config.json in /etc/semaphore, serves on 3000.

ARG JAVA_VERSION=25

# ---- 1. the web UI ---------------------------------------------------------------------------------------------
FROM node:22-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build

# ---- 2. the distribution (the same semaphore-<version>.tar.gz as `mvn package`), unpacked to /opt/semaphore ----
FROM maven:3.9-eclipse-temurin-${JAVA_VERSION} AS build
# No .git in the build context: the commit comes in as an argument ("unknown" without it).
ARG GIT_COMMIT=unknown
WORKDIR /src
COPY . .
COPY --from=web /src/web/dist web/dist
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -pl dist -am package -DskipTests -Dskip.web=true -Dbuild.commit="${GIT_COMMIT}" \
    && mkdir -p /opt/semaphore \
    && tar -xzf dist/target/semaphore-*.tar.gz -C /opt/semaphore --strip-components=1

# ---- 3. optional: OpenTofu and Terraform (release archives, checked against their SHA256SUMS) --------------------
FROM debian:bookworm-slim AS tools
ARG TARGETARCH=amd64
ARG INSTALL_TOFU=false
ARG TOFU_VERSION=1.9.1
ARG INSTALL_TERRAFORM=false
ARG TERRAFORM_VERSION=1.12.2
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl unzip \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /out
WORKDIR /tmp/tools
RUN if [ "$INSTALL_TOFU" = true ]; then \
        base="https://github.com/opentofu/opentofu/releases/download/v${TOFU_VERSION}"; \
        zip="tofu_${TOFU_VERSION}_linux_${TARGETARCH}.zip"; \
        curl -fsSLO "$base/$zip" && curl -fsSLO "$base/tofu_${TOFU_VERSION}_SHA256SUMS" \
        && grep " ${zip}\$" "tofu_${TOFU_VERSION}_SHA256SUMS" | sha256sum -c - \
        && unzip -o "$zip" tofu -d /out; \
    fi \
    && if [ "$INSTALL_TERRAFORM" = true ]; then \
        base="https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}"; \
        zip="terraform_${TERRAFORM_VERSION}_linux_${TARGETARCH}.zip"; \
        curl -fsSLO "$base/$zip" && curl -fsSLO "$base/terraform_${TERRAFORM_VERSION}_SHA256SUMS" \
        && grep " ${zip}\$" "terraform_${TERRAFORM_VERSION}_SHA256SUMS" | sha256sum -c - \
        && unzip -o "$zip" terraform -d /out; \
    fi

# ---- 4. the image -----------------------------------------------------------------------------------------------
FROM eclipse-temurin:${JAVA_VERSION}-jre
ARG ANSIBLE_CORE_VERSION=""
ENV LANG=C.UTF-8 \
    VIRTUAL_ENV=/opt/python \
    PATH=/opt/python/bin:$PATH \
    SEMAPHORE_HOME=/opt/semaphore \
    SEMAPHORE_CACHE_DIR=/opt/semaphore/cache \
    SEMAPHORE_DATA_DIR=/var/lib/semaphore

# git, ssh and ansible for the tasks; tini reaps the processes tasks leave behind; curl for the HEALTHCHECK; unzip for
# the launcher (it extracts the sqlite library once instead of at every start).
# /opt/python: a virtual environment over the system's packages (ansible-core), owned by the service user, for
# the requirements.txt the entrypoint installs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ansible-core ca-certificates curl git openssh-client python3 python3-venv rsync sshpass tini tzdata unzip \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -m venv --system-site-packages /opt/python \
    && if [ -n "$ANSIBLE_CORE_VERSION" ]; then \
        /opt/python/bin/pip install --no-cache-dir "ansible-core==${ANSIBLE_CORE_VERSION}"; \
    fi \
    && useradd --uid 1001 --gid 0 --home-dir /var/lib/semaphore --no-create-home --shell /usr/sbin/nologin semaphore \
    && mkdir -p /etc/semaphore /var/lib/semaphore /tmp/semaphore \
    && chown -R 1001:0 /etc/semaphore /var/lib/semaphore /tmp/semaphore /opt/python \
    && chmod -R g=u /etc/semaphore /var/lib/semaphore /tmp/semaphore /opt/python

COPY --from=tools /out/ /usr/local/bin/
COPY --from=build /opt/semaphore /opt/semaphore
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/semaphore-entrypoint
RUN ln -s /opt/semaphore/semaphore /usr/local/bin/semaphore \
    && mkdir -p /opt/semaphore/cache \
    && chown 1001:0 /opt/semaphore/cache \
    && chmod g=u /opt/semaphore/cache

USER 1001
WORKDIR /var/lib/semaphore
# The start-up cache (JDK AOT cache and the sqlite library), made now by the same user with the flags of a real start.
RUN SEMAPHORE_PREPARE_ONLY=1 semaphore server

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:$(echo "${SEMAPHORE_PORT:-3000}" | tr -d :)/api/health/ready" || exit 1
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/semaphore-entrypoint"]
CMD ["server"]
