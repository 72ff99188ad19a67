package dev.autodistill4j.bench.clip;

/**
 * One network {@code bench --students} compares: the teacher or a student shape, on one engine and precision.
 * {@code spec} is what loads it ({@code metaclip:}, {@code target:} or {@code onnx:} folder); null when it could
 * not be made here (an export the shape does not support yet), and then {@code reason} says why — the row reports
 * that instead of the run failing.
 *
 * @param label           what the rows call it ({@code student:cnn}, {@code random:vit-b-32} …)
 * @param role            {@code teacher} or {@code student}
 * @param arch            the student's {@code arch} setting, or the teacher's architecture
 * @param engine          {@code DJL PyTorch} or {@code ONNX Runtime}
 * @param precision       {@code fp32} or {@code int8}
 * @param parameters      weights of the image tower: what runs for each image
 * @param parametersTotal every weight the model folder holds (the teacher's text tower too)
 * @param diskBytes       bytes of every file in the model (or export) folder
 */
record StudentCandidate(String label, String role, String arch, String engine, String precision, String spec,
                        String reason, long parameters, long parametersTotal, long diskBytes) {

    static final String TEACHER = "teacher";
    static final String STUDENT = "student";
    static final String DJL = "DJL PyTorch";
    static final String ONNX = "ONNX Runtime";

    /** A network that could not be made here, with the reason. */
    static StudentCandidate unsupported(String label, String role, String arch, String engine, String precision,
                                        String reason) {
        return new StudentCandidate(label, role, arch, engine, precision, null, reason, 0, 0, 0);
    }

    boolean supported() {
        return spec != null;
    }

    /** Engine and precision, the key that pairs a student with the teacher run the same way. */
    String runtime() {
        return engine + " " + precision;
    }
}
