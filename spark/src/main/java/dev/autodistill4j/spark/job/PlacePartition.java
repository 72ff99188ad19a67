package dev.autodistill4j.spark.job;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.Iterator;

/**
 * Stage 2 of the label job: copies a task's images into the dataset. Its rows arrive grouped by destination
 * folder and name family and sorted by walk key within a folder, so {@link DatasetFiles} gives every file the
 * name the local writer would give it.
 */
final class PlacePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopFiles files;
    private final String root;
    private final FailureInjection failure;

    PlacePartition(HadoopFiles files, String root, FailureInjection failure) {
        this.files = files;
        this.root = root;
        this.failure = failure;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        DatasetFiles dataset = new DatasetFiles(files, root);
        return new BatchIterator<Row, Row>(rows, 1, batch -> java.util.List.of(place(dataset, batch.get(0))),
                failure);
    }

    private static Row place(DatasetFiles dataset, Row r) {
        String file = null;
        if (r.isNullAt(LabelRows.ERROR)) {
            file = dataset.place(new Path(r.getString(LabelRows.PATH)), r.getLong(LabelRows.LENGTH),
                    r.getString(LabelRows.SHA256), r.getString(LabelRows.DEST_DIR), r.getString(LabelRows.FILE_NAME));
        }
        Object[] values = new Object[LabelRows.PLACED.size()];
        for (int i = 0; i < LabelRows.FILE; i++) {
            values[i] = r.get(i);
        }
        values[LabelRows.FILE] = file;
        return RowFactory.create(values);
    }
}
