/** The Debezium embedded engine: its configuration, lifecycle and streaming state. */
package com.menuca.promo.capture.engine;
