package schema

import (
	"testing"
)

func mustLoad(t testing.TB, version string) *Schema {
	t.Helper()
	s, err := Load(version)
	if err != nil {
		t.Fatalf("Load(%q): %v", version, err)
	}
	return s
}

func TestLoadVersions(t *testing.T) {
	for _, version := range Versions() {
		s := mustLoad(t, version)
		if s.Version() != version {
			t.Errorf("Load(%q).Version() = %q, want %q", version, s.Version(), version)
		}
		if s.ClassUID() != 4002 {
			t.Errorf("Load(%q).ClassUID() = %d, want 4002", version, s.ClassUID())
		}
		if s.ClassName() != "HTTP Activity" {
			t.Errorf("Load(%q).ClassName() = %q, want HTTP Activity", version, s.ClassName())
		}
		if got := s.Category(); got.UID != 4 || got.Caption != "Network Activity" {
			t.Errorf("Load(%q).Category() = %+v, want uid 4 Network Activity", version, got)
		}
	}
}

func TestLoadUnsupportedVersion(t *testing.T) {
	if _, err := Load("1.4.0"); err == nil {
		t.Error("Load(1.4.0): got nil error, want an error naming the supported versions")
	}
}

func TestCompiledFacts(t *testing.T) {
	tests := []struct {
		name    string
		version string
		path    string
		id      int
		want    string // "" means the member must be absent
	}{
		{"activity 9 Patch in 1.8.0", "1.8.0", "activity_id", 9, "Patch"},
		{"no activity 9 in 1.1.0", "1.1.0", "activity_id", 9, ""},
		{"activity 99 Other inherited", "1.1.0", "activity_id", 99, "Other"},
		{"severity enum from dictionary", "1.8.0", "severity_id", 1, "Informational"},
		{"type_uid enum built", "1.8.0", "type_uid", 400203, "HTTP Activity: Get"},
		{"class_uid enum built", "1.1.0", "class_uid", 4002, "HTTP Activity"},
		{"network endpoint type 15 in 1.8.0", "1.8.0", "dst_endpoint.type_id", 15, "Load Balancer"},
		{"no network endpoint type 15 in 1.1.0", "1.1.0", "dst_endpoint.type_id", 15, ""},
		{"direction enum in object", "1.1.0", "connection_info.direction_id", 1, "Inbound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := mustLoad(t, tt.version).Caption(tt.path, tt.id)
			if tt.want == "" && ok {
				t.Errorf("Caption(%q, %d) = %q, want no member", tt.path, tt.id, got)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("Caption(%q, %d) = %q, %v, want %q", tt.path, tt.id, got, ok, tt.want)
			}
		})
	}
}

func TestObservableCaptions(t *testing.T) {
	tests := []struct {
		name    string
		version string
		id      int
		want    string // "" means the type must be absent
	}{
		{"ip from dictionary type", "1.8.0", 2, "IP Address"},
		{"port in 1.8.0", "1.8.0", 11, "Port"},
		{"no port in 1.1.0", "1.1.0", 11, ""},
		{"user agent in 1.8.0", "1.8.0", 16, "HTTP User-Agent"},
		{"no user agent in 1.1.0", "1.1.0", 16, ""},
		{"account uid in 1.8.0", "1.8.0", 35, "Account Object: uid"},
		{"no account uid in 1.1.0", "1.1.0", 35, ""},
		{"endpoint object", "1.1.0", 20, "Endpoint"},
		{"url object", "1.8.0", 23, "Uniform Resource Locator"},
		{"network endpoint uid", "1.8.0", 48, "Network Endpoint Object: uid"},
		{"resource uid in 1.1.0", "1.1.0", 10, "Resource UID"},
		{"other kept from file", "1.1.0", 99, "Other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := mustLoad(t, tt.version).ObservableCaption(tt.id)
			if tt.want == "" && ok {
				t.Errorf("ObservableCaption(%d) = %q, want no such type", tt.id, got)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("ObservableCaption(%d) = %q, %v, want %q", tt.id, got, ok, tt.want)
			}
		})
	}
}

func TestCompiledAttributes(t *testing.T) {
	tests := []struct {
		name        string
		version     string
		path        string
		exists      bool
		typ         string
		requirement string
		profile     string
	}{
		{"time_dt from datetime profile", "1.8.0", "time_dt", true, "datetime_t", "optional", "datetime"},
		{"start_time_dt in 1.1.0", "1.1.0", "start_time_dt", true, "datetime_t", "optional", "datetime"},
		{"object timestamp gets _dt", "1.8.0", "metadata.logged_time_dt", true, "datetime_t", "optional", "datetime"},
		{"load_balancer.ip in 1.8.0", "1.8.0", "load_balancer.ip", true, "ip_t", "optional", ""},
		{"no load_balancer.ip in 1.1.0", "1.1.0", "load_balancer.ip", false, "", "", ""},
		{"http_request required in 1.1.0", "1.1.0", "http_request", true, "http_request", "required", ""},
		{"http_request recommended in 1.8.0", "1.8.0", "http_request", true, "http_request", "recommended", ""},
		{"duration integer in 1.1.0", "1.1.0", "duration", true, "integer_t", "optional", ""},
		{"duration long in 1.8.0", "1.8.0", "duration", true, "long_t", "optional", ""},
		{"cloud from cloud profile", "1.8.0", "cloud", true, "cloud", "required", "cloud"},
		{"action_id required in 1.1.0", "1.1.0", "action_id", true, "integer_t", "required", "security_control"},
		{"trace profile only in 1.8.0", "1.1.0", "trace", false, "", "", ""},
		{"port type", "1.8.0", "src_endpoint.port", true, "port_t", "recommended", ""},
		{"status_code is a string", "1.8.0", "status_code", true, "string_t", "recommended", ""},
		{"vendor_name required in 1.1.0", "1.1.0", "metadata.product.vendor_name", true, "string_t", "required", ""},
		{"observables array", "1.8.0", "observables.type_id", true, "integer_t", "required", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attr, ok := mustLoad(t, tt.version).Attribute(tt.path)
			if ok != tt.exists {
				t.Fatalf("Attribute(%q) exists = %v, want %v", tt.path, ok, tt.exists)
			}
			if !ok {
				return
			}
			if attr.Type != tt.typ {
				t.Errorf("type = %q, want %q", attr.Type, tt.typ)
			}
			if attr.Requirement != tt.requirement {
				t.Errorf("requirement = %q, want %q", attr.Requirement, tt.requirement)
			}
			if attr.Profile != tt.profile {
				t.Errorf("profile = %q, want %q", attr.Profile, tt.profile)
			}
		})
	}
}

func TestCompiledClassFacts(t *testing.T) {
	s18 := mustLoad(t, "1.8.0")
	cons := s18.Facts().Class.Constraints
	if cons == nil || len(cons.AtLeastOne) != 2 {
		t.Fatalf("1.8.0 class constraints = %+v, want at_least_one of http_request, http_response", cons)
	}
	if ne := s18.Facts().Objects["network_endpoint"]; ne.Observable != 20 {
		t.Errorf("network_endpoint observable = %d, want 20 inherited from endpoint", ne.Observable)
	}
	if port := s18.Facts().Types["port_t"]; len(port.Range) != 2 || port.Range[1] != 65535 || port.Base != "integer_t" {
		t.Errorf("port_t = %+v, want base integer_t, range 0..65535", port)
	}
	if attr, _ := s18.Attribute("http_status"); attr == nil || attr.Deprecated == nil || attr.Deprecated.Since != "1.1.0" {
		t.Errorf("http_status deprecation = %+v, want since 1.1.0", attr)
	}
	if attr, _ := s18.Attribute("http_request.user_agent"); attr == nil || attr.Observable != 16 {
		t.Errorf("http_request.user_agent = %+v, want observable 16", attr)
	}
	if got := mustLoad(t, "1.1.0").Facts().Class.Constraints; got != nil {
		t.Errorf("1.1.0 class constraints = %+v, want none", got)
	}
	if caption, ok := s18.EnumCaption("http_request.http_method", "PATCH"); !ok || caption != "Patch" {
		t.Errorf("EnumCaption(http_method, PATCH) = %q, %v, want Patch", caption, ok)
	}
	if _, ok := mustLoad(t, "1.1.0").EnumCaption("http_request.http_method", "PATCH"); ok {
		t.Error("EnumCaption(http_method, PATCH) exists in 1.1.0, want absent")
	}
}
