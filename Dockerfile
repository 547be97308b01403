# The VirtualMachineProfile controller image: `vmprofile controller` on Node.js 20, as a non-root user.
# Not built or tested in this repository's CI (no container engine there); the runtime stage installs the packed
# package exactly as .ci/smoke-packed.sh does, which CI runs. See README "Running in the cluster".
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --ignore-scripts && npx projen compile && npx projen package

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/dist/pkg/js/ /tmp/pkg/
RUN npm init -y >/dev/null && npm install --omit=dev --no-audit --no-fund /tmp/pkg/*.tgz cdk8s@2.70.106 constructs@10.8.1 \
  && rm -rf /tmp/pkg
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["node", "/app/node_modules/cdk8s-vmprofile/bin/vmprofile"]
CMD ["controller"]
