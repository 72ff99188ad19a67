package dev.autodistill4j.bench.clip;

import dev.autodistill4j.bench.Machine;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The result rows of {@code bench --students}, one per network, engine, precision and batch size: images per
 * second end to end, its ratio to the teacher measured earlier in the same run ({@code speedup_vs_teacher}: over
 * the teacher on DJL PyTorch fp32, the default path; {@code speedup_vs_teacher_same_runtime}: over the teacher on
 * the same engine and precision), the same ratio per CPU-second of this process (which other programs on the
 * machine do not move), the image tower's parameters and the folder's size. A network that could not be made
 * is a row with {@code supported: false} and the reason.
 */
final class StudentRows {
    private final Consumer<Map<String, Object>> rows;
    private final PrintStream log;
    private final String weights;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final Map<String, Measurement> teacher = new HashMap<>();
    private String teacherDefault;

    /** @param weights what the students' weights are (the rows say it: speed does not depend on them) */
    StudentRows(Consumer<Map<String, Object>> rows, PrintStream log, String weights) {
        this.rows = rows;
        this.log = log;
        this.weights = weights;
    }

    void unsupported(StudentCandidate c) {
        Map<String, Object> line = head(c);
        line.put("supported", false);
        line.put("reason", c.reason());
        rows.accept(line);
        log.println("bench: " + c.label() + " on " + c.runtime() + ": not measured (" + c.reason() + ")");
    }

    void measured(StudentCandidate c, Measurement m) {
        String key = c.runtime() + "@" + m.batch();
        if (StudentCandidate.TEACHER.equals(c.role())) {
            teacher.put(key, m);
            if (teacherDefault == null) {
                teacherDefault = c.runtime();
            }
        }
        Map<String, Object> line = head(c);
        line.put("supported", true);
        line.put("measure", m.name());
        line.put("batch", m.batch());
        line.put("items", m.items());
        line.put("seconds", round(m.seconds(), 1000));
        line.put("images_per_second", round(m.perSecond(), 100));
        line.put("per_cpu_second", round(m.perCpuSecond(), 100));
        Measurement base = teacher.get(teacherDefault + "@" + m.batch());
        Measurement same = teacher.get(key);
        line.put("teacher", teacherDefault == null ? null : teacherDefault);
        line.put("speedup_vs_teacher", base == null ? null : round(m.perSecond() / base.perSecond(), 100));
        line.put("speedup_vs_teacher_same_runtime", same == null ? null : round(m.perSecond() / same.perSecond(),
                100));
        line.put("speedup_vs_teacher_per_cpu_second", base == null || base.perCpuSecond() <= 0 ? null
                : round(m.perCpuSecond() / base.perCpuSecond(), 100));
        line.put("parameters", c.parameters());
        line.put("parameters_total", c.parametersTotal());
        line.put("size_on_disk_bytes", c.diskBytes());
        line.put("size_on_disk_mb", round(c.diskBytes() / 1e6, 100));
        if (StudentCandidate.STUDENT.equals(c.role())) {
            line.put("weights", weights);
        }
        line.put("cores", cores);
        line.put("cpu", Machine.cpuName());
        rows.accept(line);
        log.printf("bench: %-22s %-19s batch %2d: %8.2f images/s end to end (%s × the teacher)%n", c.label(),
                c.runtime(), m.batch(), m.perSecond(), line.get("speedup_vs_teacher"));
    }

    private static Map<String, Object> head(StudentCandidate c) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("bench", "student");
        line.put("model", c.label());
        line.put("role", c.role());
        line.put("arch", c.arch());
        line.put("engine", c.engine());
        line.put("precision", c.precision());
        return line;
    }

    private static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
