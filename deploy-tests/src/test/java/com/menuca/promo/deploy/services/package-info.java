/** The compose file, Kubernetes manifests and Dockerfile of {@code infra/deploy} against the services' config tables. */
package com.menuca.promo.deploy.services;
