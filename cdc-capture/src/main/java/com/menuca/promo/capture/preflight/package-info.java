/** Start-up checks of PostgreSQL and Kafka that turn obscure engine failures into errors with a fix. */
package com.menuca.promo.capture.preflight;
