/** The shared Jackson configuration and the JSON serde every module uses for contract types. */
package com.menuca.promo.schemas.json;
