/**
 * The {@code postgres_changes} filter language ({@code column=op.value}, several conditions joined
 * by commas meaning AND) and its matching against row images.
 */
package com.menuca.promo.gateway.filter;
