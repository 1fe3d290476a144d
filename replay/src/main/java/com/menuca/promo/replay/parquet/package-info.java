/**
 * Parquet output of the replay, with parquet-java and no Hadoop: typed columns (decimals, timestamps,
 * dates, integers) that DuckDB, pandas and Spark read as they are.
 */
package com.menuca.promo.replay.parquet;
