/**
 * Who may see what: the declarative policy file (rules per role granting table rows and channels,
 * with conditions on columns or event fields that may refer to token claims), compiled per token
 * into an {@link com.menuca.promo.gateway.policy.Access} checked at join and for every delivered row.
 */
package com.menuca.promo.gateway.policy;
