/** Operational surface shared by the services: readiness checks and the health/ready/metrics endpoint. */
package com.menuca.promo.common.ops;
