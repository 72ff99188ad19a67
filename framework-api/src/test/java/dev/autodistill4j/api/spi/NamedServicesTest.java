package dev.autodistill4j.api.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamedServicesTest {
    record Named(String name) implements NamedService {
    }

    static final class Other implements NamedService {
        @Override
        public String name() {
            return "alpha";
        }
    }

    @Test
    void findsByNameCaseInsensitivelyAndListsSorted() {
        NamedServices<NamedService> s = NamedServices.of("widget", List.of(new Named("zeta"), new Named("alpha")),
                ServiceLookupException::new);
        assertThat(s.names()).containsExactly("alpha", "zeta");
        assertThat(s.get(" ALPHA ").name()).isEqualTo("alpha");
        assertThat(s.contains("Zeta")).isTrue();
        assertThat(s.contains("beta")).isFalse();
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        NamedServices<NamedService> s = NamedServices.of("widget", List.of(new Named("a"), new Named("b")),
                ServiceLookupException::new);
        assertThatThrownBy(() -> s.get("c")).isInstanceOf(ServiceLookupException.class)
                .hasMessage("unknown widget 'c'; available: a, b");
        NamedServices<NamedService> none = NamedServices.of("widget", List.of(), ServiceLookupException::new);
        assertThatThrownBy(() -> none.get("c")).hasMessageContaining("available: none");
    }

    @Test
    void twoServicesWithOneNameNameBothClassesAndWhereTheyCameFrom() {
        assertThatThrownBy(() -> NamedServices.of("widget", List.of(new Named("alpha"), new Other()),
                IllegalStateException::new))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two widgets are named 'alpha'")
                .hasMessageContaining(Named.class.getName() + " (file:")
                .hasMessageContaining(Other.class.getName() + " (file:")
                .hasMessageContaining("remove one of the jars");
    }

    @Test
    void untypeableNamesAreRefused() {
        for (String bad : new String[] {null, "", "Upper", "has space", "-lead"}) {
            assertThatThrownBy(() -> NamedServices.of("widget", List.of(new Named(bad)), ServiceLookupException::new))
                    .isInstanceOf(ServiceLookupException.class).hasMessageContaining("invalid name");
        }
    }

    /** Listed in this module's test META-INF/services file for {@link NamedService}. */
    public static final class Listed implements NamedService {
        @Override
        public String name() {
            return "listed";
        }
    }

    @Test
    void loadsFromServiceFilesOnce() {
        NamedServices<NamedService> s = NamedServices.load(NamedService.class, getClass().getClassLoader(), "widget");
        assertThat(s.names()).containsExactly("listed");
        assertThat(s.all()).isEqualTo(s.all()); // the same instances every call: loaded once
        assertThat(s.all().get(0)).isSameAs(s.all().get(0));
    }
}
