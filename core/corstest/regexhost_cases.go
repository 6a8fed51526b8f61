package corstest

import "github.com/corsheaders/corsheaders/core"

// regexHostCases pin what a credentialed regex may allow on hosting space
// and addresses, the forms NewPolicy accepts there: a host written out
// whole under a public suffix (one S3 bucket) and an IP address written out
// whole. Neighbouring buckets and addresses stay refused.
func regexHostCases() []Case {
	bucket := core.Config{AllowedOriginRegexes: []string{`https://mybucket\.s3\.us-east-2\.amazonaws\.com(:[0-9]+)?`}, AllowCredentials: true}
	address := core.Config{AllowedOriginRegexes: []string{`https://192\.0\.2\.7(:[0-9]+)?`}, AllowCredentials: true}
	return []Case{
		{Name: "credentials/regex with a bucket written out allows it", Config: bucket, Request: get("https://mybucket.s3.us-east-2.amazonaws.com"), Kind: core.Actual, Header: with(granted("https://mybucket.s3.us-east-2.amazonaws.com"), acac, "true")},
		{Name: "credentials/regex with a bucket written out refuses another bucket", Config: bucket, Request: get("https://attacker.s3.us-east-2.amazonaws.com"), Kind: core.Actual, Header: refused()},
		{Name: "credentials/regex with a bucket written out refuses a name under it in another region", Config: bucket, Request: get("https://mybucket.s3.us-east-1.amazonaws.com"), Kind: core.Actual, Header: refused()},
		{Name: "credentials/regex with an address written out allows it", Config: address, Request: get("https://192.0.2.7:8443"), Kind: core.Actual, Header: with(granted("https://192.0.2.7:8443"), acac, "true")},
		{Name: "credentials/regex with an address written out refuses another address", Config: address, Request: get("https://45.0.2.7"), Kind: core.Actual, Header: refused()},
	}
}
