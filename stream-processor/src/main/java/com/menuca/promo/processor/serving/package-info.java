/**
 * Interactive queries over HTTP: live deal performance, counts and customer savings read from the
 * state stores, on whichever instance holds them ({@code application.server} routing).
 */
package com.menuca.promo.processor.serving;
