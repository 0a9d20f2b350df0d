package io.caravan.egress.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StsRecordTest {

    @ParameterizedTest
    @CsvSource(delimiter = '#', nullValues = "-", value = {
            "v=STSv1; id=20160831085700Z;                              # 20160831085700Z",
            "v=STSv1;id=abc                                            # abc",
            "v=STSv1; id=abc; ext=1                                    # abc",
            "v=STSv1; id=abc || v=spf1 -all                             # abc",
            "v=STSv1; id=abc || v=STSv1; id=def                         # -",
            "v=STSv1                                                   # -",
            "v=STSv1; id=                                              # -",
            "v=STSv1; id=has-dash                                      # -",
            "v=STSv1; id=123456789012345678901234567890123             # -",
            "v=STSv1; id=a; id=b                                       # -",
            "v=STSv1; junk                                             # -",
            "v=spf1 -all                                               # -",
            "V=STSv1; id=abc                                           # -",
    })
    void theAnnouncedId(String records, String id) {
        List<String> txt = List.of(records.split(" \\|\\| "));
        assertEquals(Optional.ofNullable(id), StsRecord.id(txt.stream().map(String::strip).toList()));
    }
}
