/** Customer savings: each customer's redemptions and money saved, kept per customer across restaurants. */
package com.menuca.promo.processor.savings;
