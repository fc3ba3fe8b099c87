//go:build tools

// Package tools pins dependencies before the code that uses them lands.
package tools
import (
 _ "github.com/labstack/echo/v4"
 _ "golang.org/x/oauth2"
 _ "github.com/golang-jwt/jwt/v5"
 _ "gorm.io/gorm"
 _ "gorm.io/driver/mysql"
 _ "github.com/glebarez/sqlite"
 _ "github.com/go-gormigrate/gormigrate/v2"
 _ "github.com/getkin/kin-openapi/openapi3filter"
 _ "github.com/getkin/kin-openapi/routers/gorillamux"
 _ "github.com/prometheus/client_golang/prometheus/promhttp"
 _ "github.com/google/uuid"
 _ "github.com/google/go-cmp/cmp"
 _ "github.com/chromedp/chromedp"
 _ "golang.org/x/time/rate"
 _ "golang.org/x/crypto/bcrypt"
 _ "golang.org/x/sync/singleflight"
)

