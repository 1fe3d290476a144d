/** The raw change-data contract: captured tables, their topics and Debezium's change envelope. */
package com.menuca.promo.schemas.cdc;
