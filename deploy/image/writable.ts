/**
 * The only paths Portico's container writes: everything else is its read-only root file system. The
 * Deployment mounts an emptyDir on each (deploy/kubernetes/base/deployment.yaml; a test holds them equal)
 * and deploy/image/check.ts fails when the running image writes anywhere else.
 */
export const WRITABLE_PATHS = ["/tmp", "/app/.next/cache"];
