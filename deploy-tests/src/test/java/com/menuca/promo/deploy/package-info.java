/** Tests of the production descriptors in {@code infra/deploy} against the code they deploy. */
package com.menuca.promo.deploy;
