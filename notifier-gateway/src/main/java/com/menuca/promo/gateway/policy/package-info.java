/**
 * Who may see what: the declarative policy file (rules per role and per claims a token carries,
 * granting table rows and channels, with conditions on columns or event fields that may refer to
 * token claims, nested ones included, or to the time of the check), compiled per token into an
 * {@link com.menuca.promo.gateway.policy.Access} checked at join and for both images of every
 * delivered row, live and replayed.
 */
package com.menuca.promo.gateway.policy;
