/**
 * Generates {@code docs/asyncapi.yaml} (AsyncAPI 3.0) and {@code docs/topics.md} from the catalogue
 * and its schemas ({@code ./promo docs}); a test keeps the committed files equal to the output.
 */
package com.menuca.promo.catalog.docs;
