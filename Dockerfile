# The VirtualMachineProfile controller image: `vmprofile controller` on Node.js 20, as a non-root user.
# Not built or tested in this repository's CI (no container engine there); see README "Running in the cluster".
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npx projen compile && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["node", "/app/bin/vmprofile"]
CMD ["controller"]
