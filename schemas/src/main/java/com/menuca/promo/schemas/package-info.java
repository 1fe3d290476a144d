/** Event contracts shared by every module: topics with their serdes, event types, schemas. */
package com.menuca.promo.schemas;
