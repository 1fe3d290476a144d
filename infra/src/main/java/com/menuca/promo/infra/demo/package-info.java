/** Realistic, deterministic demo data and live traffic for the dev stack. */
package com.menuca.promo.infra.demo;
