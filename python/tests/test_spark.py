"""Spark, the engine a base outgrows one machine into: PySpark in local mode
with several partitions, `mapInArrow` calling the kernel on 1,000,000 rows,
then the global duplicate `object_reference_id` check across partitions as a
`groupBy` over the id the kernel returns. The same job on a cluster is the
same code (python/README.md has the submit command)."""

import os
import sys

from pyspark.sql import SparkSession

SCHEMA = (
    "valid boolean, errors array<struct<field: string, code: string, reason: string>>, "
    "object_reference_id string, mobile_number string, mobile_country_code string"
)


def test_map_in_arrow_over_partitions_and_the_global_duplicate_check():
    def kernel(batches):
        """What each executor runs on its partition's Arrow batches (defined
        here, so that Spark ships it by value to its Python workers)."""
        import pyarrow as pa

        import juspay_customer as jc

        for batch in batches:
            yield from pa.RecordBatchReader.from_stream(jc.validate_batch(batch, normalize=True))

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("juspay-customer")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    try:
        n, ids = 1_000_000, 999_000
        # Rows i and i + 999,000 share an id; every seventh number has a letter in it.
        df = spark.range(n).selectExpr(
            f"concat('cust_', lpad(cast(id % {ids} as string), 8, '0')) as object_reference_id",
            "case when id % 7 = 0 then '98x' else concat('98765 ', lpad(cast(id % 100000 as string), 5, '0')) end as mobile_number",
        ).repartition(8)
        assert df.select("object_reference_id").rdd.getNumPartitions() == 8
        verdicts = df.mapInArrow(kernel, SCHEMA)
        counts = dict(verdicts.groupBy("valid").count().collect())
        assert counts == {True: n - (n + 6) // 7, False: (n + 6) // 7}
        # The global check: a valid id that more than one partition's rows send.
        repeated = verdicts.where("valid").groupBy("object_reference_id").count().where("count > 1")
        expected = sum(1 for i in range(n - ids) if i % 7 != 0 and (i + ids) % 7 != 0)
        assert repeated.count() == expected
        reasons = verdicts.where("not valid").selectExpr("explode(errors) as e").groupBy("e.reason").count().collect()
        assert [(r["reason"], r["count"]) for r in reasons] == [("not_a_digit", (n + 6) // 7)]
    finally:
        spark.stop()
