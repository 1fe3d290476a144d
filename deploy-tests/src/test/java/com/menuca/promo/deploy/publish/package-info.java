/** The published libraries (promo-contracts, promo-testkit) as another team's build gets them. */
package com.menuca.promo.deploy.publish;
