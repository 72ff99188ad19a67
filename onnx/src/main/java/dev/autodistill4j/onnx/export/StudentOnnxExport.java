package dev.autodistill4j.onnx.export;

import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.student.StudentExport;
import dev.autodistill4j.trainers.student.StudentTrainer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The export of a {@code student}: its image tower to its raw embedding in the teacher's space (a vit-shrunk
 * student through the CLIP vision-tower builder, int8: its block MatMuls as for CLIP; a cnn student through the
 * cnn builder, int8: its convolutions but the first). A student's text stays with its directory.
 */
public final class StudentOnnxExport implements TrainerOnnxExport {

    @Override
    public String name() {
        return StudentTrainer.NAME;
    }

    @Override
    public Written export(TargetModelDirectory dir, Precision precision, Path modelFile) throws IOException {
        StudentExport student = StudentExport.read(dir);
        BuiltGraph built = student.vit() != null
                ? VitStudentGraph.build(student.vit(), precision, dir.dir().toString())
                : CnnGraph.embeddings(student.cnn(), precision);
        var files = TrainerOnnxExport.write(built.graph(), dir, modelFile);
        return new Written(TargetOnnxManifest.student(dir, student, precision, built.int8Layers(),
                built.fp32Layers()), files);
    }
}
